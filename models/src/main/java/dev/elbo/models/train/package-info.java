/**
 * Training: the {@link dev.elbo.models.train.Trainer} loop over a
 * {@link dev.elbo.models.vae.Objective}, its {@link dev.elbo.models.train.TrainingConfig},
 * {@link dev.elbo.models.train.RandomStreams the random streams derived from the seed},
 * {@link dev.elbo.models.train.Checkpoint checkpoints} (safetensors layout, atomic, resumable
 * bit for bit), per-epoch {@link dev.elbo.models.train.EpochMetrics metrics} written to
 * {@code metrics.csv}, progress {@link dev.elbo.models.train.TrainingListener listeners}, and
 * the {@link dev.elbo.models.train.TrainingDivergedException} that stops a run whose loss turned
 * NaN or infinite.
 */
package dev.elbo.models.train;
