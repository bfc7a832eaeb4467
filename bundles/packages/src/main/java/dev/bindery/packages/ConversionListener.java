package dev.bindery.packages;

/** Receives the progress of a {@link PackageConverter} run. Called on the converting thread. */
@FunctionalInterface
public interface ConversionListener {
    /** A listener that ignores progress. */
    ConversionListener NONE = (stage, fraction) -> {
    };

    /**
     * @param stage    what is being done, e.g. {@code imagebind:vision}, {@code llama}, {@code checksums}, {@code done}
     * @param fraction how much of the whole conversion is done, from 0 to 1, never decreasing
     */
    void progress(String stage, double fraction);
}
