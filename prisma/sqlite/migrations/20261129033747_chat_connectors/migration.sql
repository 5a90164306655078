-- CreateTable
CREATE TABLE "ChatConnector" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "config" TEXT NOT NULL,
    "secrets" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ChatConnector_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ChatConnector_userId_createdAt_id_idx" ON "ChatConnector"("userId", "createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "ChatConnector_userId_name_key" ON "ChatConnector"("userId", "name");
