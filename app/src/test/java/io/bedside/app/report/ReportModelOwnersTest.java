package io.bedside.app.report;

import io.bedside.model.findings.Finding;
import io.bedside.model.findings.Owner;
import io.bedside.model.findings.Severity;
import io.bedside.model.findings.Subject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Redaction takes the owners' names from the Owner values the rules put in subjects, not from reading text back. */
class ReportModelOwnersTest {
    @Test
    void theNamesAreTheOwnersNotWhatTextLooksLikeAnOwner() {
        Finding f = new Finding("ipc.sem.orphaned", Severity.INFO, "s", List.of(
                Subject.of(Subject.Kind.IPC_OBJECT, Map.of("owner", new Owner(1000, Optional.of("svc (batch)")))),
                Subject.of(Subject.Kind.IPC_OBJECT, Map.of("owner", new Owner(48, Optional.empty()))),
                Subject.of(Subject.Kind.PROCESS, Map.of("comm", "1000 (mallory)"))), List.of(), List.of());
        // a name with a space and parentheses: the old "\d+ \(([^()\s]+)\)" pattern missed it,
        // and took the process name for an owner
        assertEquals(Set.of("svc (batch)"), ReportModel.ownerNames(List.of(f)));
    }
}
