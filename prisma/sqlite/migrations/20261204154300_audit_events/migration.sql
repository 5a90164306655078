-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "projectId" TEXT,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "connectionId" TEXT,
    "outcome" TEXT NOT NULL,
    "code" TEXT,
    "durationMs" REAL,
    "rows" INTEGER,
    "bytes" INTEGER,
    "clientAddress" TEXT,
    "sql" TEXT
);

-- CreateIndex
CREATE INDEX "AuditEvent_projectId_at_id_idx" ON "AuditEvent"("projectId", "at", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");
