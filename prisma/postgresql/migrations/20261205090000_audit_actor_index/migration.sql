-- CreateIndex
CREATE INDEX "AuditEvent_actorId_connectionId_at_idx" ON "AuditEvent"("actorId", "connectionId", "at");
