package io.postern.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogbackStatusTest {

    @Test
    void tellsALogFileThatCannotBeOpenedAsNginxTellsIt() {
        assertThat(LogbackStatus.openFailed("/opt/postern/logs/postern.log (Permission denied)"))
                .isEqualTo("open() \"/opt/postern/logs/postern.log\" failed (Permission denied): the log files of "
                        + "logback.xml must be writable by the user postern runs as");
    }
}
