/**
 * Data for training: an in-memory {@link dev.elbo.models.data.DataSet} of flat rows, its
 * {@link dev.elbo.models.data.DataSplits splits}, a seeded allocation-free
 * {@link dev.elbo.models.data.Minibatcher}, {@link dev.elbo.models.data.Binarization} of grey
 * levels, {@link dev.elbo.models.data.DataLoaders loaders} over the readers of
 * {@code dev.elbo.core.io}, and {@link dev.elbo.models.data.Synthetic synthetic} data sets
 * (linear-Gaussian samples, bars, Ising spins) for tests and demonstrations.
 *
 * <p>Every random choice takes an explicit {@link dev.elbo.core.Rng}: the same generator state
 * gives the same data, splits and batches, bit for bit.
 */
package dev.elbo.models.data;
