package dev.bindery.packages;

/**
 * One file of a package as the manifest records it.
 *
 * @param sha256 lower-case hex SHA-256 of the file's bytes
 * @param size   its length in bytes
 */
public record PackageFile(String sha256, long size) {
}
