/**
 * The bind network contract: a {@link dev.bindery.api.bind.BindNetwork} maps a query in the shared embedding space
 * to the visual feature the language model takes.
 */
@Export
@Version("1.0.0")
package dev.bindery.api.bind;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
