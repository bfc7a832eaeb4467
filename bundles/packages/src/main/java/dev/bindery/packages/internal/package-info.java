/** Implementation helpers of the model-package bundle: streaming checksums, the manifest's JSON form. */
package dev.bindery.packages.internal;
