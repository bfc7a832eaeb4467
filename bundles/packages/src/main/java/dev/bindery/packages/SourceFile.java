package dev.bindery.packages;

/**
 * A checkpoint a package was converted from: its file name (not its path, so that the manifest does not depend on
 * where the sources were), checksum and size, so an operator can tell which release a package holds.
 */
public record SourceFile(String name, String sha256, long size) {
}
