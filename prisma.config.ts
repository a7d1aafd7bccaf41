// .env / .env.local first, so DATABASE_URL there reaches the Prisma CLI like every other entry point.
import "./src/load-env";
import { defineConfig } from "prisma/config";

// Migrations are applied by scripts/migrate.ts (see README): Prisma's schema engine is a
// downloaded binary, so `prisma migrate` is optional for operators, never required.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/switchboard" },
});
