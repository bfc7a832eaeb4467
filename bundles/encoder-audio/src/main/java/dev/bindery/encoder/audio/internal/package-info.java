/**
 * The ImageBind audio encoder's preprocessing, a faithful port of upstream {@code load_and_transform_audio_data}
 * (torchaudio 0.13, pytorchvideo's clip sampler, the Kaldi filterbank) that streams long files.
 *
 * <p>Provides (inside the bundle, not exported): {@link dev.bindery.encoder.audio.internal.AudioPreprocessor}, the
 * entry point ({@code preprocess(Path)} / {@code preprocess(byte[], String)} to the {@code 3 x 1 x 128 x 204} float
 * tensor the audio trunk takes, and one public method per stage for timing: decode, resample, fbank, normalize),
 * with the stage results {@link dev.bindery.encoder.audio.internal.SourceAudio} and
 * {@link dev.bindery.encoder.audio.internal.ClipWaveforms}. Inside: a WAV reader (RIFF, RIFX, RF64; PCM 8/16/24/32,
 * IEEE float 32/64, WAVE_FORMAT_EXTENSIBLE) converting samples exactly as libsox does, torchaudio's windowed-sinc
 * resampler, the constant clip sampler with exact fractions, Kaldi's mel banks and a radix-2 real FFT.
 * Consumes {@code dev.bindery.api} (for {@link dev.bindery.api.InvalidInputException}). The ONNX graph of the audio
 * trunk comes later.
 */
package dev.bindery.encoder.audio.internal;
