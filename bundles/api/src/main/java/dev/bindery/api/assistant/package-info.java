/**
 * The façade that shells and HTTP front ends call: an {@link dev.bindery.api.assistant.Assistant} takes weighted
 * multimodal inputs, an instruction and sampling options, and streams back an answer with per-stage timings.
 */
@Export
@Version("1.0.0")
package dev.bindery.api.assistant;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
