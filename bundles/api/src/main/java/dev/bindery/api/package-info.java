/**
 * Bindery's public contract: the exception types shared by every service of the pipeline.
 *
 * <p>The API bundle provides only packages (no services) and consumes nothing but the JDK. Third-party bundles
 * compile against it to contribute modality encoders ({@link dev.bindery.api.encoder}) or generation strategies
 * ({@link dev.bindery.api.strategy}); shells and HTTP front ends call the {@link dev.bindery.api.assistant.Assistant}.
 * Every package is versioned on its own, with OSGi semantic versioning.
 */
@Export
@Version("1.0.0")
package dev.bindery.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
