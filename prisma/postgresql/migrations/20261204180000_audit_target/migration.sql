-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "targetId" TEXT;
