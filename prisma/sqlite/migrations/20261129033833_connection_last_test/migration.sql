-- AlterTable
ALTER TABLE "Connection" ADD COLUMN "lastTestAt" DATETIME;
ALTER TABLE "Connection" ADD COLUMN "lastTestCode" TEXT;
ALTER TABLE "Connection" ADD COLUMN "lastTestOk" BOOLEAN;
ALTER TABLE "Connection" ADD COLUMN "lastTestStage" TEXT;
