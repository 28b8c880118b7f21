package dev.herald.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.workflow.WorkflowConsole.Box;
import dev.herald.workflow.WorkflowConsole.Graph;
import dev.herald.workflow.WorkflowConsole.Link;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server-drawn graph: layers from the start, labelled arrows, a loop drawn round the side, texts escaped. */
class WorkflowGraphTest {

    private static Box box(String name, String type, List<String> settings, Link... links) {
        return new Box(name, type, settings, List.of(links), 3, 1, 0, 0);
    }

    private static final Graph LOOP = new Graph("wait", List.of(
            box("end", "stop", List.of()),
            box("check", "condition", List.of("1 rule, all"), new Link("then", "wait"), new Link("else", "end")),
            box("wait", "delay", List.of("for <PT1H> & \"more\""), new Link("", "check"))));

    @Test
    void stepsAreLaidOutFromTheStartWithALoopBackRoundTheSide() {
        assertThat(WorkflowGraph.ordered(LOOP)).extracting(Box::name).containsExactly("wait", "check", "end");
        String svg = WorkflowGraph.svg(LOOP, true);
        assertThat(svg).startsWith("<svg").endsWith("</svg>");
        assertThat(svg.split("class=\"wf-step\"", -1)).hasSize(4);
        // wait -> check and check -> end go down as lines; check -> wait goes back up as a path
        assertThat(svg.split("<line class=\"wf-edge\"", -1)).hasSize(3);
        assertThat(svg.split("<path class=\"wf-edge\"", -1)).hasSize(2);
        assertThat(svg).contains(">then</text>").contains(">else</text>").contains("in 3 · waiting 1");
        assertThat(svg).contains("for &lt;PT1H&gt; &amp; &quot;more&quot;").doesNotContain("<PT1H>");
    }

    @Test
    void thePreviewLeavesTheCountsOut() {
        assertThat(WorkflowGraph.svg(LOOP, false)).doesNotContain("waiting");
    }
}
