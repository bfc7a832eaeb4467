package dev.bindery.packages.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Which model package the container serves (PID {@code dev.bindery.package}). */
@ObjectClassDefinition(name = "Bindery model package",
        description = "The model package whose files the encoders, the language model, the bind network and the cache "
                + "load. The package is verified (manifest, dimensions, sizes and SHA-256 of every file) before any "
                + "service is pointed at it; a package that fails is refused and its services are unloaded.")
public @interface PackageSelection {
    @AttributeDefinition(name = "Package",
            description = "A package folder (absolute path) or the name of a folder under the packages directory.")
    String path();

    @AttributeDefinition(name = "Packages directory",
            description = "Where package names are looked up; empty: the folder 'packages' of the Karaf home.")
    String packages_dir() default "";

    @AttributeDefinition(name = "Verification",
            description = "checksums: size and SHA-256 of every file (a few seconds per GB); sizes: sizes only. Empty: "
                    + "the system property bindery.package.verify, else checksums.",
            options = {@Option(label = "checksums", value = "checksums"), @Option(label = "sizes", value = "sizes"),
                    @Option(label = "default", value = "")})
    String verify() default "";
}
