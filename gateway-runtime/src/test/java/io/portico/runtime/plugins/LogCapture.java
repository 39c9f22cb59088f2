package io.portico.runtime.plugins;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records everything logged through java.util.logging (where the gateway's System.Logger output goes), at every
 * level, while open: for tests that check a secret never reaches a log.
 */
final class LogCapture extends Handler implements AutoCloseable {
    private final Logger root = Logger.getLogger("");
    private final Logger portico = Logger.getLogger("io.portico");
    private final Level rootLevel = root.getLevel();
    private final Level porticoLevel = portico.getLevel();
    private final List<String> lines = new CopyOnWriteArrayList<>();

    LogCapture() {
        setLevel(Level.ALL);
        portico.setLevel(Level.ALL);
        root.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        StringBuilder line = new StringBuilder(record.getLoggerName() + " " + record.getLevel() + " "
                + record.getMessage());
        if (record.getParameters() != null) {
            for (Object parameter : record.getParameters()) {
                line.append(" | ").append(parameter);
            }
        }
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            line.append(" | ").append(t);
        }
        lines.add(line.toString());
    }

    /** Every line logged so far containing the text. */
    List<String> containing(String text) {
        return lines.stream().filter(l -> l.contains(text)).toList();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
        root.setLevel(rootLevel);
        portico.setLevel(porticoLevel);
    }
}
