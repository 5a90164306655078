-- AlterTable
ALTER TABLE "Connection" ADD COLUMN     "lastTestAt" TIMESTAMP(3),
ADD COLUMN     "lastTestCode" TEXT,
ADD COLUMN     "lastTestOk" BOOLEAN,
ADD COLUMN     "lastTestStage" TEXT;
