package dev.herald.console;

import dev.herald.workflow.WorkflowConsole;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workflow's steps drawn as SVG on the server: layers by distance from the start (breadth first), a box per step
 * with its type, key setting and counts, an arrow per pointer labelled with its field (then, else, onTimeout, a
 * split's branch). An arrow back to an earlier or the same layer (a loop) runs round the right-hand side.
 */
final class WorkflowGraph {

    private static final int W = 150;
    private static final int H = 90;
    private static final int GAP_X = 24;
    private static final int GAP_Y = 46;
    private static final int MARGIN = 12;
    private static final int LOOP_ROOM = 72;
    private static final int MAX_TEXT = 22;

    private WorkflowGraph() {}

    private record Place(int x, int y) {}

    static String svg(WorkflowConsole.Graph graph, boolean counts) {
        Map<String, WorkflowConsole.Box> byName = new LinkedHashMap<>();
        graph.steps().forEach(b -> byName.put(b.name(), b));
        Map<String, Integer> layer = layers(graph, byName);
        List<List<String>> rows = new ArrayList<>();
        layer.forEach((name, l) -> {
            while (rows.size() <= l) {
                rows.add(new ArrayList<>());
            }
            rows.get(l).add(name);
        });
        int widest = rows.stream().mapToInt(List::size).max().orElse(1);
        int width = MARGIN * 2 + widest * W + (widest - 1) * GAP_X + LOOP_ROOM;
        int height = MARGIN * 2 + rows.size() * H + Math.max(0, rows.size() - 1) * GAP_Y;
        Map<String, Place> at = new HashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            int rowWidth = row.size() * W + (row.size() - 1) * GAP_X;
            int x0 = MARGIN + (widest * W + (widest - 1) * GAP_X - rowWidth) / 2;
            for (int i = 0; i < row.size(); i++) {
                at.put(row.get(i), new Place(x0 + i * (W + GAP_X), MARGIN + r * (H + GAP_Y)));
            }
        }
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"wf-graph\" role=\"img\" aria-labelledby=\"wf-graph-title\"")
                .append(" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\">")
                .append("<title id=\"wf-graph-title\">Steps of the workflow, from the start at the top</title>")
                .append("<defs><marker id=\"wf-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">")
                .append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>");
        int loop = 0;
        for (WorkflowConsole.Box box : graph.steps()) {
            Place from = at.get(box.name());
            List<WorkflowConsole.Link> links = box.links();
            for (int i = 0; i < links.size(); i++) {
                WorkflowConsole.Link link = links.get(i);
                Place to = at.get(link.target());
                if (to == null) {
                    continue;
                }
                if (layer.get(link.target()) > layer.get(box.name())) {
                    int sx = from.x() + W * (i + 1) / (links.size() + 1);
                    int sy = from.y() + H;
                    int tx = to.x() + W / 2;
                    int ty = to.y();
                    svg.append("<line class=\"wf-edge\" x1=\"").append(sx).append("\" y1=\"").append(sy)
                            .append("\" x2=\"").append(tx).append("\" y2=\"").append(ty)
                            .append("\" stroke=\"#555\" marker-end=\"url(#wf-arrow)\"/>");
                    label(svg, link.label(), (sx + tx) / 2, (sy + ty) / 2);
                } else {
                    // a loop back: out of the right side, round, into the target's right side
                    int out = width - MARGIN - LOOP_ROOM + 8 + (loop++ % 4) * 6;
                    int sy = from.y() + H / 2;
                    int ty = to.y() + H / 2 - 10;
                    svg.append("<path class=\"wf-edge\" fill=\"none\" stroke=\"#555\" marker-end=\"url(#wf-arrow)\" d=\"M")
                            .append(from.x() + W).append(',').append(sy).append(" H").append(out).append(" V").append(ty)
                            .append(" H").append(to.x() + W).append("\"/>");
                    label(svg, link.label(), out, (sy + ty) / 2);
                }
            }
        }
        for (WorkflowConsole.Box box : graph.steps()) {
            Place p = at.get(box.name());
            boolean start = box.name().equals(graph.start());
            svg.append("<g class=\"wf-step\" data-step=\"").append(escape(box.name())).append("\">")
                    .append("<rect x=\"").append(p.x()).append("\" y=\"").append(p.y()).append("\" width=\"").append(W)
                    .append("\" height=\"").append(H).append("\" rx=\"6\" fill=\"").append(start ? "#eef4ff" : "#fff")
                    .append("\" stroke=\"").append(start ? "#1d4ed8" : "#777").append("\"/>");
            text(svg, p.x() + 8, p.y() + 17, "wf-name", box.name(), true);
            text(svg, p.x() + 8, p.y() + 33, "wf-type", box.type(), false);
            int y = p.y() + 48;
            for (String setting : box.settings()) {
                if (y < p.y() + (counts ? 64 : 84)) {
                    text(svg, p.x() + 8, y, "wf-setting", setting, false);
                    y += 13;
                }
            }
            if (counts) {
                text(svg, p.x() + 8, p.y() + H - 19, "wf-counts", "in " + box.entered() + " · waiting " + box.waiting(), false);
                if (box.type().equals("send")) {
                    text(svg, p.x() + 8, p.y() + H - 6, "wf-counts", "sent " + box.sent() + " · clicked " + box.clicked(), false);
                }
            }
            svg.append("</g>");
        }
        return svg.append("</svg>").toString();
    }

    /** The steps from the start down, layer by layer (the order of the graph, for the table beside it). */
    static List<WorkflowConsole.Box> ordered(WorkflowConsole.Graph graph) {
        Map<String, WorkflowConsole.Box> byName = new LinkedHashMap<>();
        graph.steps().forEach(b -> byName.put(b.name(), b));
        return layers(graph, byName).entrySet().stream()
                .sorted(Map.Entry.comparingByValue()).map(e -> byName.get(e.getKey())).toList();
    }

    /** Breadth first from the start; steps it cannot reach (only in a definition the reader refuses) go last. */
    private static Map<String, Integer> layers(WorkflowConsole.Graph graph, Map<String, WorkflowConsole.Box> byName) {
        Map<String, Integer> layer = new LinkedHashMap<>();
        ArrayDeque<String> queue = new ArrayDeque<>();
        if (byName.containsKey(graph.start())) {
            layer.put(graph.start(), 0);
            queue.add(graph.start());
        }
        int deepest = 0;
        while (!queue.isEmpty()) {
            String name = queue.poll();
            for (WorkflowConsole.Link link : byName.get(name).links()) {
                if (byName.containsKey(link.target()) && !layer.containsKey(link.target())) {
                    int l = layer.get(name) + 1;
                    deepest = Math.max(deepest, l);
                    layer.put(link.target(), l);
                    queue.add(link.target());
                }
            }
        }
        for (String name : byName.keySet()) {
            if (!layer.containsKey(name)) {
                layer.put(name, ++deepest);
            }
        }
        return layer;
    }

    private static void label(StringBuilder svg, String label, int x, int y) {
        if (!label.isEmpty()) {
            svg.append("<text class=\"wf-label\" x=\"").append(x + 4).append("\" y=\"").append(y)
                    .append("\" font-size=\"11\" fill=\"#333\">").append(escape(cut(label))).append("</text>");
        }
    }

    private static void text(StringBuilder svg, int x, int y, String css, String text, boolean bold) {
        svg.append("<text class=\"").append(css).append("\" x=\"").append(x).append("\" y=\"").append(y)
                .append("\" font-size=\"").append(bold ? 13 : 11).append('"')
                .append(bold ? " font-weight=\"bold\"" : "").append(" fill=\"#222\">")
                .append(escape(cut(text))).append("</text>");
    }

    private static String cut(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
