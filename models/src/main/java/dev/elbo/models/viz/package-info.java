/**
 * Pictures, rendered headless into PNG files (written atomically): image grids of samples,
 * reconstructions, latent traversals and interpolations ({@link dev.elbo.models.viz.ImageGrids}),
 * the latent codes in the plane ({@link dev.elbo.models.viz.LatentScatter}, through
 * {@link dev.elbo.models.viz.Pca} when there are more than two dimensions) and the training
 * curves of a {@code metrics.csv} ({@link dev.elbo.models.viz.TrainingCurves},
 * {@link dev.elbo.models.viz.MetricsTable}). Charts use XChart; image grids are drawn directly.
 */
package dev.elbo.models.viz;
