package io.postern.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report as a picture (plain Java2D): one group of horizontal bars per figure, one bar
 * per target, each the target's median divided by nginx's, so that 1.0 (the dashed line) is
 * nginx and every figure shares one scale. A "↓" figure (latency, memory) is better below 1.
 */
public final class ChartPainter {

    private static final int WIDTH = 1160;
    private static final int LABEL_WIDTH = 490;
    private static final int BAR_HEIGHT = 14;
    private static final int GROUP_GAP = 12;
    private static final int TOP = 60;
    private static final Color[] PALETTE = {
        new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868), new Color(0xC44E52), new Color(0x8172B3)};

    private ChartPainter() {
    }

    public static BufferedImage paint(String title, List<Row> rows) {
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        List<String> targets = new ArrayList<>();
        double max = 1.0;
        for (Row row : rows) {
            double ratio = row.target().equals(Summary.NGINX) ? 1.0 : row.vsNginx();
            if (Double.isNaN(ratio)) {
                continue;
            }
            groups.computeIfAbsent(row.scenario() + " · " + row.variant() + " · " + row.metric()
                    + (row.betterHigher() ? " ↑" : " ↓"), k -> new ArrayList<>()).add(row);
            if (!targets.contains(row.target())) {
                targets.add(row.target());
            }
            max = Math.max(max, ratio);
        }
        double scaleMax = Math.min(Math.ceil(max * 4) / 4, 4.0);
        int height = TOP + 40;
        for (List<Row> group : groups.values()) {
            height += group.size() * BAR_HEIGHT + GROUP_GAP;
        }
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(title, 10, 22);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            legend(g, targets);
            int plotWidth = WIDTH - LABEL_WIDTH - 60;
            int y = TOP;
            for (Map.Entry<String, List<Row>> group : groups.entrySet()) {
                g.setColor(Color.BLACK);
                g.drawString(group.getKey(), 10, y + BAR_HEIGHT);
                for (Row row : group.getValue()) {
                    double ratio = row.target().equals(Summary.NGINX) ? 1.0 : row.vsNginx();
                    int w = (int) Math.round(Math.min(ratio, scaleMax) / scaleMax * plotWidth);
                    g.setColor(PALETTE[targets.indexOf(row.target()) % PALETTE.length]);
                    g.fillRect(LABEL_WIDTH, y + 1, Math.max(w, 1), BAR_HEIGHT - 2);
                    g.setColor(Color.DARK_GRAY);
                    g.drawString(String.format(java.util.Locale.ROOT, "%.2f%s", ratio, ratio > scaleMax ? " »" : ""),
                            LABEL_WIDTH + Math.max(w, 1) + 4, y + BAR_HEIGHT - 3);
                    y += BAR_HEIGHT;
                }
                y += GROUP_GAP;
            }
            int oneX = LABEL_WIDTH + (int) Math.round(1.0 / scaleMax * plotWidth);
            g.setColor(Color.GRAY);
            g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 4}, 0));
            g.drawLine(oneX, TOP - 6, oneX, y);
            g.drawString("nginx = 1.0", oneX - 25, y + 14);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void legend(Graphics2D g, List<String> targets) {
        int x = 10;
        for (int i = 0; i < targets.size(); i++) {
            g.setColor(PALETTE[i % PALETTE.length]);
            g.fillRect(x, 34, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(targets.get(i), x + 16, 45);
            x += 30 + g.getFontMetrics().stringWidth(targets.get(i));
        }
        g.drawString("bars: median ÷ nginx's median", x + 20, 45);
    }
}
