package dev.bindery.packages;

/**
 * The bind network of a package: the adapter's {@code image_bind_*} tensors as safetensors, or as GGUF when they
 * were quantised.
 *
 * @param file         its path inside the package
 * @param inDim        the query width it takes (the ImageBind dimension)
 * @param outDim       the feature width it gives (the LLaMA dimension)
 * @param weightFormat {@code AS_STORED}, {@code Q8_0} or {@code Q4_0}
 */
public record BindNetPart(String file, int inDim, int outDim, String weightFormat) {
}
