/**
 * The language-model contract: a {@link dev.bindery.api.llm.LanguageModel} tokenizes text and generates an answer
 * conditioned on an optional visual feature, streaming tokens to a {@link dev.bindery.api.llm.TokenListener} and
 * stoppable through its {@link dev.bindery.api.llm.Generation} handle.
 */
@Export
@Version("1.0.0")
package dev.bindery.api.llm;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
