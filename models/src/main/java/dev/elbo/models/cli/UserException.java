package dev.elbo.models.cli;

/**
 * A failure the user can fix, described in one line meant to be printed as is (exit code 1,
 * no stack trace): a missing data set, an unreachable mirror, a file that is not what it should
 * be. Bad content of a data file is a {@link dev.elbo.core.io.DataFormatException} instead.
 */
public class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserException(String message) {
        super(message);
    }

    public UserException(String message, Throwable cause) {
        super(message, cause);
    }
}
