-- AlterTable
ALTER TABLE "RealServer" ADD COLUMN "drainedWeight" INTEGER;
