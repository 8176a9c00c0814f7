/**
 * The {@code elbo} command line (picocli), run by the {@code ./elbo} launcher.
 *
 * <p>Commands and their classes:
 * <pre>
 * elbo demo                    DemoCommand       fetch MNIST, train the IWAE paper's model ~5 min, score, draw
 * elbo train                   TrainCommand      fit a VAE, write the run folder; --resume; Ctrl-C stops cleanly
 * elbo eval                    EvalCommand       ELBO, IWAE_k = log p̂(x) with standard errors (Evaluator)
 * elbo sample|reconstruct|encode|interpolate
 *                              LookCommands      look inside a trained model
 * elbo data fetch|path|list|binarize-test
 *                              DataCommand       the data cache (Fetcher, DataCache, Datasets)
 * </pre>
 *
 * <p>A run folder ({@link dev.elbo.models.cli.RunFolder}) holds {@code config.json}
 * ({@link dev.elbo.models.cli.RunConfig}: the data, the architecture, the training settings),
 * the trainer's {@code checkpoint.safetensors} and {@code metrics.csv}, and the pictures
 * ({@link dev.elbo.models.cli.RunPictures}). Every command that works on a run derives the same
 * training, validation and test examples from the data by one procedure
 * ({@link dev.elbo.models.cli.RunData}); the test set is binarized with a fixed seed, so every run
 * is scored on the same digits.
 *
 * <p>Conventions (see {@link dev.elbo.models.cli.Main}): results on standard output (text, or one
 * JSON object with {@code --json}; a number that does not exist is {@code null}), everything
 * else on standard error; exit code 0 success, 1 failure (bad data: one line naming the file,
 * the line or byte and what was expected), 2 usage mistake (one line and the {@code --help}
 * hint); no stack trace unless {@code --verbose}; files written atomically, nothing written
 * when the input is bad.
 */
package dev.elbo.models.cli;
