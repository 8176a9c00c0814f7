/**
 * File formats that know nothing of models: they read and write arrays.
 *
 * <ul>
 *   <li>{@link dev.elbo.core.io.Idx} — MNIST's IDX images and labels, raw or gzip;</li>
 *   <li>{@link dev.elbo.core.io.Csv} — numeric CSV matrices with optional header and label column;</li>
 *   <li>{@link dev.elbo.core.io.Sequences} — aligned FASTA or one-per-line sequences, one-hot
 *       coded over an {@link dev.elbo.core.io.Alphabet};</li>
 *   <li>{@link dev.elbo.core.io.PngImages} — a folder of grayscale PNGs, and PNG grids of images;</li>
 *   <li>{@link dev.elbo.core.io.TensorFile} — named arrays and metadata in the safetensors layout,
 *       for checkpoints;</li>
 *   <li>{@link dev.elbo.core.io.AtomicFiles} — the write-then-rename every writer here uses, so no
 *       crash leaves a half-written file.</li>
 * </ul>
 *
 * <p>Readers return {@link dev.elbo.core.io.ExampleMatrix} (rows of examples, optional labels)
 * or a richer wrapper ({@link dev.elbo.core.io.ImageSet}, {@link dev.elbo.core.io.SequenceSet}).
 * Bad content is a {@link dev.elbo.core.io.DataFormatException} whose message is one line:
 * file, location, what was expected and what was found. I/O failures stay
 * {@link java.io.IOException}s. Misuse of the API by code (wrong array sizes, NaN pixels to
 * write) is an {@link java.lang.IllegalArgumentException}.
 */
package dev.elbo.core.io;
