-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ChatConnector" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "config" TEXT NOT NULL,
    "secrets" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "readOnly" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "ChatConnector_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ChatConnector" ("config", "createdAt", "id", "name", "secrets", "type", "updatedAt", "userId") SELECT "config", "createdAt", "id", "name", "secrets", "type", "updatedAt", "userId" FROM "ChatConnector";
DROP TABLE "ChatConnector";
ALTER TABLE "new_ChatConnector" RENAME TO "ChatConnector";
CREATE INDEX "ChatConnector_userId_createdAt_id_idx" ON "ChatConnector"("userId", "createdAt", "id");
CREATE UNIQUE INDEX "ChatConnector_userId_name_key" ON "ChatConnector"("userId", "name");
CREATE TABLE "new_Connection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "config" TEXT NOT NULL,
    "secrets" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "lastTestAt" DATETIME,
    "lastTestOk" BOOLEAN,
    "lastTestStage" TEXT,
    "lastTestCode" TEXT,
    "readOnly" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "Connection_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Connection" ("config", "createdAt", "id", "lastTestAt", "lastTestCode", "lastTestOk", "lastTestStage", "name", "projectId", "secrets", "type", "updatedAt") SELECT "config", "createdAt", "id", "lastTestAt", "lastTestCode", "lastTestOk", "lastTestStage", "name", "projectId", "secrets", "type", "updatedAt" FROM "Connection";
DROP TABLE "Connection";
ALTER TABLE "new_Connection" RENAME TO "Connection";
CREATE INDEX "Connection_projectId_createdAt_id_idx" ON "Connection"("projectId", "createdAt", "id");
CREATE UNIQUE INDEX "Connection_projectId_name_key" ON "Connection"("projectId", "name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
