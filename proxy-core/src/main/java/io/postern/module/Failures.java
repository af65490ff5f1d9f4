package io.postern.module;

/** How a Throwable from module code is told in one line. */
final class Failures {

    private Failures() {
    }

    /**
     * The Throwable's class and message, followed by its cause's when it has no message of its
     * own: an {@link ExceptionInInitializerError} says nothing itself, its cause says why.
     */
    static String describe(Throwable error) {
        String text = error.toString();
        Throwable cause = error.getCause();
        if (cause != null && cause != error
                && (error.getMessage() == null || error.getMessage().equals(cause.toString()))) {
            return text + " (caused by " + describe(cause) + ")";
        }
        return text;
    }
}
