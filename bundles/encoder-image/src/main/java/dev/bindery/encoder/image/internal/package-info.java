/**
 * The ImageBind image encoder's preprocessing, a faithful port of upstream {@code load_and_transform_vision_data}.
 *
 * <p>Provides (inside the bundle, not exported): {@link dev.bindery.encoder.image.internal.ImageFileDecoder}
 * (JPEG, PNG, GIF, BMP to 8-bit RGB exactly as PIL's {@code Image.open(..).convert("RGB")}),
 * {@link dev.bindery.encoder.image.internal.PilBicubicResize} (PIL's fixed-point antialiased bicubic resampling),
 * {@link dev.bindery.encoder.image.internal.CenterCrop}, {@link dev.bindery.encoder.image.internal.ClipNormalizer}
 * and {@link dev.bindery.encoder.image.internal.VisionPreprocessor}, which chains them into the 3x224x224 float
 * tensor the vision trunk takes. Consumes the JDK's {@code javax.imageio} decoders and {@code dev.bindery.api} (for
 * {@link dev.bindery.api.InvalidInputException}). The ONNX graph of the vision trunk comes later.
 */
package dev.bindery.encoder.image.internal;
