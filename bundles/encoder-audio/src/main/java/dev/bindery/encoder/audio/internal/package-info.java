/**
 * The ImageBind audio encoder: its preprocessing, a faithful port of upstream {@code load_and_transform_audio_data}
 * (torchaudio 0.13, pytorchvideo's clip sampler, the Kaldi filterbank) that streams long files, and the encoder
 * service over the audio trunk's ONNX graph.
 *
 * <p>Provides (inside the bundle, not exported): {@link dev.bindery.encoder.audio.internal.AudioPreprocessor}, the
 * entry point ({@code preprocess(Path)} / {@code preprocess(byte[], String)} to the {@code 3 x 1 x 128 x 204} float
 * tensor the audio trunk takes, and one public method per stage for timing: decode, resample, fbank, normalize),
 * with the stage results {@link dev.bindery.encoder.audio.internal.SourceAudio} and
 * {@link dev.bindery.encoder.audio.internal.ClipWaveforms}. Inside: a WAV reader (RIFF, RIFX, RF64; PCM 8/16/24/32,
 * IEEE float 32/64, WAVE_FORMAT_EXTENSIBLE) converting samples exactly as libsox does, torchaudio's windowed-sinc
 * resampler, the constant clip sampler with exact fractions, Kaldi's mel banks and a radix-2 real FFT.
 * Consumes {@code dev.bindery.api} (for {@link dev.bindery.api.InvalidInputException}).
 *
 * <p>Service: {@link dev.bindery.encoder.audio.internal.AudioEncoderComponent} (factory PID
 * {@code dev.bindery.encoder.audio}) registers a {@link dev.bindery.api.encoder.ModalityEncoder} for modality
 * {@code audio} once its model loaded. Inputs: WAV files and uploads (preprocessed here, through
 * {@link dev.bindery.encoder.audio.internal.AudioInputs}) and already preprocessed {@code 3 x 1 x 128 x 204} tensors
 * or {@code .npy} arrays. The 3 clips of a file run as 3 rows of one run of the audio graph; the embedding is the mean
 * of the clips' postprocessed embeddings, as upstream. Consumes {@code dev.bindery.onnx.session} and
 * {@code dev.bindery.onnx.imagebind} (graph built from an ImageBind checkpoint, ONNX Runtime session, clip averaging,
 * service registration).
 */
package dev.bindery.encoder.audio.internal;
