package dev.elbo.models.cli;

/**
 * A usage mistake found while a command runs rather than while its options are parsed (a
 * malformed {@code --data} spec, options that do not go together): exit code 2, one line, with
 * the hint to the command's {@code --help}, like the mistakes picocli finds.
 */
public class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
