/**
 * The ImageBind vision-trunk encoders (image, video) and the depth, thermal and IMU encoders, with faithful ports of
 * upstream's preprocessing.
 *
 * <p>Provides (inside the bundle, not exported): {@link dev.bindery.encoder.image.internal.ImageFileDecoder}
 * (JPEG, PNG, GIF, BMP to 8-bit RGB exactly as PIL's {@code Image.open(..).convert("RGB")}),
 * {@link dev.bindery.encoder.image.internal.PilBicubicResize} (PIL's fixed-point antialiased bicubic resampling),
 * {@link dev.bindery.encoder.image.internal.CenterCrop}, {@link dev.bindery.encoder.image.internal.ClipNormalizer}
 * and {@link dev.bindery.encoder.image.internal.VisionPreprocessor} (upstream {@code load_and_transform_vision_data});
 * {@link dev.bindery.encoder.image.internal.VideoPreprocessor} (upstream {@code load_and_transform_video_data}:
 * {@link dev.bindery.encoder.image.internal.ClipSampler}, {@link dev.bindery.encoder.image.internal.UniformTemporalSubsample},
 * {@link dev.bindery.encoder.image.internal.VideoClipTransform}) over MP4 / H.264 (JCodec, embedded), animated GIF
 * and frame-folder sources; {@link dev.bindery.encoder.image.internal.SensorImagePreprocessor} (depth and thermal
 * images; upstream has none, the recipe is documented there).
 *
 * <p>Services: {@link dev.bindery.encoder.image.internal.ImageEncoderComponent} (factory PID
 * {@code dev.bindery.encoder.image}) registers {@link dev.bindery.api.encoder.ModalityEncoder}s for modality
 * {@code image} and {@code video} over one session of the vision graph (which takes 2-frame clips: an image is its
 * frame repeated); {@link dev.bindery.encoder.image.internal.SensorEncoderComponent} (factory PID
 * {@code dev.bindery.encoder.sensor}) does the same for {@code depth}, {@code thermal} and {@code imu}. Consumes
 * {@code dev.bindery.api}, {@code dev.bindery.onnx.session} and {@code dev.bindery.onnx.imagebind} (graphs, ONNX
 * Runtime sessions) and the JDK's {@code javax.imageio}.
 */
package dev.bindery.encoder.image.internal;
