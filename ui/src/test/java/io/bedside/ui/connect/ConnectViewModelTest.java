package io.bedside.ui.connect;

import io.bedside.model.port.Prompter;
import io.bedside.model.recording.Replay;
import io.bedside.model.session.SamplingSession;
import io.bedside.ui.fx.CurrentThreadTaskRunner;
import io.bedside.ui.support.FxTestSupport;
import io.bedside.ui.support.TestWorkbench;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.bedside.ui.support.FxTestSupport.onFx;
import static io.bedside.ui.support.FxTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connect screen's state, with a same-thread runner and no Stage. */
class ConnectViewModelTest {
    private final List<Object> opened = new ArrayList<>();
    private final ConnectViewModel vm = new ConnectViewModel(new TestWorkbench(Duration.ofSeconds(1)),
            new CurrentThreadTaskRunner(), Prompter.REFUSE_ALL, new ConnectViewModel.Destination() {
        @Override
        public void live(SamplingSession session) {
            opened.add(session);
        }

        @Override
        public void replay(Replay replay) {
            opened.add(replay);
        }
    });

    @BeforeAll
    static void fx() {
        FxTestSupport.startFx();
    }

    @Test
    void loadsTheLists() {
        onFx(vm::load);
        assertEquals(List.of("db-07", "web-prod-1", "bastion"), vm.aliases());
        assertEquals(List.of("deploy@db-07:2222"), vm.recentHosts());
        assertEquals("shm-growth", vm.bundledRecordings().get(0).id());
    }

    @Test
    void connectNeedsHostText() {
        onFx(() -> vm.hostTextProperty().set("  "));
        assertFalse(vm.canConnectBinding().get());
        onFx(() -> vm.hostTextProperty().set("db-07"));
        assertTrue(vm.canConnectBinding().get());
    }

    @Test
    void badHostTextIsOneSentenceAndNothingOpens() {
        onFx(() -> vm.connectTo("no such host"));
        assertEquals("'no such host' is not a host: use an alias, host, user@host or user@host:port.", vm.errorProperty().get());
        assertFalse(vm.busyProperty().get());
        assertTrue(opened.isEmpty());
    }

    @Test
    void aBundledRecordingOpensAsAReplay() {
        onFx(() -> vm.openBundled("shm-growth"));
        assertEquals(1, opened.size());
        assertEquals(30, ((Replay) opened.get(0)).size());
    }

    @Test
    void anUnreadableRecordingSaysWhy() {
        onFx(() -> vm.openRecording(Path.of("/tmp/notes.txt")));
        assertEquals("notes.txt is not a Bedside recording.", vm.errorProperty().get());
        assertFalse(vm.busyProperty().get());
    }

    @Test
    void theSessionsRetryNoteIsDroppedOnTheConnectScreen() {
        assertEquals("Could not connect to db-07 port 22: connection refused.",
                ConnectViewModel.withoutRetry("Could not connect to db-07 port 22: connection refused. Retrying in 4 s."));
    }

    @Test
    void thisMachineHandsOverAfterTheFirstSample() {
        onFx(vm::connectThisMachine);
        assertTrue(vm.busyProperty().get());
        waitFor("the first sample", 20_000, () -> !opened.isEmpty());
        assertFalse(vm.busyProperty().get());
        SamplingSession s = (SamplingSession) opened.get(0);
        assertFalse(s.history().isEmpty());
        s.close();
    }
}
