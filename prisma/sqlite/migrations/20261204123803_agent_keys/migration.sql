-- CreateTable
CREATE TABLE "AgentKey" (
    "fingerprint" TEXT NOT NULL PRIMARY KEY,
    "connectionId" TEXT,
    "chatConnectorId" TEXT,
    CONSTRAINT "AgentKey_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AgentKey_chatConnectorId_fkey" FOREIGN KEY ("chatConnectorId") REFERENCES "ChatConnector" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "AgentKey_connectionId_key" ON "AgentKey"("connectionId");

-- CreateIndex
CREATE UNIQUE INDEX "AgentKey_chatConnectorId_key" ON "AgentKey"("chatConnectorId");
