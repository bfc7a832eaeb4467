package dev.bindery.encoder.pointcloud.internal;

import dev.bindery.api.ModelMismatchException;
import dev.bindery.tensor.io.FormatException;
import dev.bindery.tensor.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a model configuration file says about the Point-BERT branch: the hyper-parameters the weights do not record
 * ({@link PointBertConfig}) and, when the file states them, the widths and depth the weights must have.
 *
 * <p>The file is a JSON object in the golden fixtures' {@code config.json} layout: the Point-BERT section of
 * Point-Bind's {@code PointTransformer_8192point.yaml} under {@code point_config_yaml_model_section}
 * ({@code num_heads}, {@code num_group}, {@code group_size}, and {@code trans_dim}, {@code depth},
 * {@code encoder_dims}). A file without that section, or a section missing a key, keeps the released value.
 *
 * @param hyper       heads, groups and group size
 * @param transDim    the stated trans_dim, or null
 * @param depth       the stated depth, or null
 * @param encoderDims the stated encoder_dims, or null
 * @param source      where the values came from, for messages
 */
public record PointModelConfig(PointBertConfig hyper, Integer transDim, Integer depth, Integer encoderDims,
                               String source) {
    /** The section of {@code config.json} that holds Point-BERT's hyper-parameters. */
    public static final String SECTION = "point_config_yaml_model_section";

    /** The released {@code imagebind_w3D.pth} values, with no widths stated. */
    public static PointModelConfig released() {
        return new PointModelConfig(PointBertConfig.RELEASED, null, null, null, "the released Point-Bind defaults");
    }

    /**
     * Reads a {@code config.json}.
     *
     * @throws IOException naming the file (and key) when it cannot be read, is not JSON or holds a value that is not
     *                     a positive integer
     */
    public static PointModelConfig read(Path file) throws IOException {
        String where = file.toString();
        Map<String, Object> root;
        try {
            root = Json.parseObject(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new FormatException(where, "not a JSON object: " + e.getMessage());
        }
        Object section = root.get(SECTION);
        if (section == null) {
            return new PointModelConfig(PointBertConfig.RELEASED, null, null, null, where + " (no " + SECTION
                    + ": released values)");
        }
        if (!(section instanceof Map<?, ?> s)) {
            throw new FormatException(where, SECTION, "is not an object");
        }
        PointBertConfig released = PointBertConfig.RELEASED;
        PointBertConfig hyper = new PointBertConfig(
                orDefault(where, s, "num_heads", released.numHeads()),
                orDefault(where, s, "num_group", released.numGroups()),
                orDefault(where, s, "group_size", released.groupSize()));
        return new PointModelConfig(hyper, optional(where, s, "trans_dim"), optional(where, s, "depth"),
                optional(where, s, "encoder_dims"), where);
    }

    /**
     * Checks the loaded encoder against the stated widths and depth.
     *
     * @throws ModelMismatchException naming the checkpoint, this configuration and the value that differs
     */
    public void check(PointBertEncoder encoder, String checkpoint) throws ModelMismatchException {
        compare("trans_dim", transDim, encoder.transDim(), checkpoint);
        compare("depth", depth, encoder.depth(), checkpoint);
        compare("encoder_dims", encoderDims, encoder.encoderDims(), checkpoint);
        if (encoder.transDim() % hyper.numHeads() != 0) {
            throw new ModelMismatchException(checkpoint + ": trans_dim " + encoder.transDim()
                    + " is not divisible by the " + hyper.numHeads() + " heads of " + source);
        }
    }

    private void compare(String key, Integer stated, int actual, String checkpoint) throws ModelMismatchException {
        if (stated != null && stated != actual) {
            throw new ModelMismatchException(checkpoint + ": the weights give " + key + " " + actual + " but " + source
                    + " says " + stated);
        }
    }

    private static int orDefault(String file, Map<?, ?> section, String key, int fallback) throws FormatException {
        Integer v = optional(file, section, key);
        return v == null ? fallback : v;
    }

    private static Integer optional(String file, Map<?, ?> section, String key) throws FormatException {
        Object v = section.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Long n) || n < 1 || n > Integer.MAX_VALUE) {
            throw new FormatException(file, SECTION + "." + key, "must be a positive integer, was " + v);
        }
        return n.intValue();
    }
}
