-- CreateTable
CREATE TABLE "AgentKey" (
    "fingerprint" TEXT NOT NULL,
    "connectionId" TEXT,
    "chatConnectorId" TEXT,

    CONSTRAINT "AgentKey_pkey" PRIMARY KEY ("fingerprint")
);

-- CreateIndex
CREATE UNIQUE INDEX "AgentKey_connectionId_key" ON "AgentKey"("connectionId");

-- CreateIndex
CREATE UNIQUE INDEX "AgentKey_chatConnectorId_key" ON "AgentKey"("chatConnectorId");

-- AddForeignKey
ALTER TABLE "AgentKey" ADD CONSTRAINT "AgentKey_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentKey" ADD CONSTRAINT "AgentKey_chatConnectorId_fkey" FOREIGN KEY ("chatConnectorId") REFERENCES "ChatConnector"("id") ON DELETE CASCADE ON UPDATE CASCADE;
