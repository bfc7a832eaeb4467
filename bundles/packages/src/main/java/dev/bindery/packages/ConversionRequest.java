package dev.bindery.packages;

import dev.bindery.bindnet.WeightFormat;
import dev.bindery.llama.convert.GgufWeightFormat;
import dev.bindery.tensor.DType;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link PackageConverter} builds a package from: the official files (or the fixtures' tiny ones, which have
 * the same formats) and the conversion options. Build one with {@link #builder()}.
 *
 * @param name                 the package's name in its manifest
 * @param notice               a sentence for users recorded in the manifest, or null
 * @param imagebindCheckpoint  ImageBind's {@code .pth} ({@code imagebind_huge.pth} / {@code imagebind_w3D.pth})
 * @param imagebindConfig      a {@code config.json} with the head counts, or null: the one beside the checkpoint
 *                             if there is one, else the released model's defaults
 * @param llamaDir             the folder with {@code params.json} and {@code consolidated.*.pth}
 * @param tokenizer            LLaMA's {@code tokenizer.model}, or null: in {@code llamaDir} or its parent
 * @param adapter              ImageBind-LLM's adapter checkpoint ({@code 7B.pth}), also the bind network's source
 * @param bpe                  CLIP's {@code bpe_simple_vocab_16e6.txt.gz} for the text encoder, or null for a package
 *                             without the text graph
 * @param cacheVectors         an {@code (n, dim)} {@code .npy} of cache vectors, or null for no cache
 * @param llamaFormat          the format of LLaMA's block weights in the GGUF
 * @param bindNetworkFormat    the format of the bind network's matrices ({@code AS_STORED} keeps the checkpoint's)
 * @param cacheType            how the cache stores vectors ({@link DType#F32} or {@link DType#F16})
 * @param contextLength        the most positions one LLaMA request may use
 */
public record ConversionRequest(String name, String notice, Path imagebindCheckpoint, Path imagebindConfig,
        Path llamaDir, Path tokenizer, Path adapter, Path bpe, Path cacheVectors, GgufWeightFormat llamaFormat,
        WeightFormat bindNetworkFormat, DType cacheType, int contextLength) {

    public ConversionRequest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(imagebindCheckpoint, "imagebind checkpoint");
        Objects.requireNonNull(llamaDir, "LLaMA folder");
        Objects.requireNonNull(adapter, "adapter checkpoint");
        Objects.requireNonNull(llamaFormat, "LLaMA weight format");
        Objects.requireNonNull(bindNetworkFormat, "bind network weight format");
        Objects.requireNonNull(cacheType, "cache type");
        if (contextLength <= 0) {
            throw new IllegalArgumentException("context length must be positive, was " + contextLength);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects a request; defaults: stored LLaMA weights, bind network as stored, F32 cache, context 512. */
    public static final class Builder {
        private String name = "bindery-package";
        private String notice;
        private Path imagebindCheckpoint;
        private Path imagebindConfig;
        private Path llamaDir;
        private Path tokenizer;
        private Path adapter;
        private Path bpe;
        private Path cacheVectors;
        private GgufWeightFormat llamaFormat = GgufWeightFormat.STORED;
        private WeightFormat bindNetworkFormat = WeightFormat.AS_STORED;
        private DType cacheType = DType.F32;
        private int contextLength = 512;

        private Builder() {
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder notice(String value) {
            notice = value;
            return this;
        }

        /** The ImageBind checkpoint and its {@code config.json} (null for beside-the-checkpoint or released). */
        public Builder imagebind(Path checkpoint, Path config) {
            imagebindCheckpoint = checkpoint;
            imagebindConfig = config;
            return this;
        }

        /** LLaMA's checkpoint folder and {@code tokenizer.model} (null to look beside the folder). */
        public Builder llama(Path dir, Path tokenizerModel) {
            llamaDir = dir;
            tokenizer = tokenizerModel;
            return this;
        }

        public Builder adapter(Path value) {
            adapter = value;
            return this;
        }

        public Builder bpe(Path value) {
            bpe = value;
            return this;
        }

        public Builder cacheVectors(Path value) {
            cacheVectors = value;
            return this;
        }

        public Builder llamaFormat(GgufWeightFormat value) {
            llamaFormat = value;
            return this;
        }

        public Builder bindNetworkFormat(WeightFormat value) {
            bindNetworkFormat = value;
            return this;
        }

        public Builder cacheType(DType value) {
            cacheType = value;
            return this;
        }

        public Builder contextLength(int value) {
            contextLength = value;
            return this;
        }

        public ConversionRequest build() {
            return new ConversionRequest(name, notice, imagebindCheckpoint, imagebindConfig, llamaDir, tokenizer,
                    adapter, bpe, cacheVectors, llamaFormat, bindNetworkFormat, cacheType, contextLength);
        }
    }
}
