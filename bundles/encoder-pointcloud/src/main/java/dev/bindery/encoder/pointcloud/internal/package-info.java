/**
 * The 3-D branch of ImageBind-LLM (Point-Bind's Point-BERT encoder), a faithful port of upstream's point loader,
 * Point-Bind's model-ready cloud and Point-BERT's forward pass.
 *
 * <p>Provides a {@link dev.bindery.api.encoder.ModalityEncoder} service with modality {@code point} per configuration
 * of {@link dev.bindery.encoder.pointcloud.internal.PointEncoderComponent} (factory PID
 * {@code dev.bindery.encoder.point}; files, uploads with a media type or extension hint, N x 3 tensors). Inside the
 * bundle (not exported):
 * <ul>
 *   <li>{@link dev.bindery.encoder.pointcloud.internal.PointCloudReader}: PLY (ascii, binary), PCD (ascii, binary,
 *       binary_compressed), XYZ/TXT, PTS, OFF, OBJ vertex lines and {@code .npy} into a
 *       {@link dev.bindery.encoder.pointcloud.internal.PointCloud} holding exactly what upstream's
 *       {@code load_and_transform_point_cloud_data} returns, with limits on points, file size and line length;</li>
 *   <li>{@link dev.bindery.encoder.pointcloud.internal.PointCloudPreprocessor}: the model-ready cloud
 *       ({@code astype(float32)}, {@link dev.bindery.encoder.pointcloud.internal.FarthestPointSampling} to 8192,
 *       {@link dev.bindery.encoder.pointcloud.internal.PcNormalize});</li>
 *   <li>{@link dev.bindery.encoder.pointcloud.internal.PointGrouping}: Point-BERT's 512 centres and 32-nearest
 *       neighbourhoods;</li>
 *   <li>{@link dev.bindery.encoder.pointcloud.internal.PointBertEncoder}: the mini-PointNet, tokens and positional
 *       MLP, the transformer (in Java, or any {@link dev.bindery.encoder.pointcloud.internal.PointTransformer} such as
 *       an ONNX Runtime session), pooling, {@code pc_projection}, head and normalisation.</li>
 * </ul>
 *
 * <p>Consumes {@code dev.bindery.api} (the encoder contract, {@link dev.bindery.api.InvalidInputException},
 * {@link dev.bindery.api.ModelMismatchException}), the tensor bundle (the {@code .npy} and torch checkpoint readers,
 * the matrix kernels and thread pools), Declarative Services and Configuration Admin (the component) and SLF4J.
 */
package dev.bindery.encoder.pointcloud.internal;
