-- AlterTable
ALTER TABLE "ChatConnector" ADD COLUMN     "readOnly" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Connection" ADD COLUMN     "readOnly" BOOLEAN NOT NULL DEFAULT false;
