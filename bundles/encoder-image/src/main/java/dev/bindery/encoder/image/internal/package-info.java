/**
 * The ImageBind image encoder's preprocessing, a faithful port of upstream {@code load_and_transform_vision_data}.
 *
 * <p>Provides (inside the bundle, not exported): {@link dev.bindery.encoder.image.internal.ImageFileDecoder}
 * (JPEG, PNG, GIF, BMP to 8-bit RGB exactly as PIL's {@code Image.open(..).convert("RGB")}),
 * {@link dev.bindery.encoder.image.internal.PilBicubicResize} (PIL's fixed-point antialiased bicubic resampling),
 * {@link dev.bindery.encoder.image.internal.CenterCrop}, {@link dev.bindery.encoder.image.internal.ClipNormalizer}
 * and {@link dev.bindery.encoder.image.internal.VisionPreprocessor}, which chains them into the 3x224x224 float
 * tensor the vision trunk takes. Consumes the JDK's {@code javax.imageio} decoders and {@code dev.bindery.api} (for
 * {@link dev.bindery.api.InvalidInputException}).
 *
 * <p>Services: {@link dev.bindery.encoder.image.internal.ImageEncoderComponent} (factory PID
 * {@code dev.bindery.encoder.image}) registers a {@link dev.bindery.api.encoder.ModalityEncoder} for modality
 * {@code image} that runs the vision graph built from an ImageBind checkpoint by {@code dev.bindery.onnx};
 * {@link dev.bindery.encoder.image.internal.SensorEncoderComponent} (factory PID {@code dev.bindery.encoder.sensor})
 * does the same for {@code depth}, {@code thermal} and {@code imu}, whose inputs are tensors or {@code .npy} arrays
 * of the trunk's shape (upstream has no loader for them). Consumes {@code dev.bindery.onnx.session} and
 * {@code dev.bindery.onnx.imagebind} (graphs, ONNX Runtime sessions).
 */
package dev.bindery.encoder.image.internal;
