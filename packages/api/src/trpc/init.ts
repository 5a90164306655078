import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { AppError, ERROR_CODES, isAppError } from "@connections/core";
import type { Principal, ServiceContext } from "../context.ts";

// 1. Context: the services' context plus whoever the adapter authenticated (or null).
export interface TrpcContext {
  services: ServiceContext;
  principal: Principal | null;
  /** Why authentication failed, so protected procedures can say it. */
  authError: AppError | null;
}

// 2. Init: errors carry our stable code and field details, as REST does.
const t = initTRPC.context<TrpcContext>().create({
  // Never send stack traces (server paths, code) to clients, whatever NODE_ENV says.
  isDev: false,
  errorFormatter({ shape, error }) {
    const appError = isAppError(error.cause) ? error.cause : null;
    return {
      ...shape,
      message: appError?.message ?? shape.message,
      data: { ...shape.data, appCode: appError?.code ?? null, details: appError?.details ?? null },
    };
  },
});

export const router = t.router;

/** Our AppError (or a zod input error, as VALIDATION_FAILED) as the TRPCError with its code; else null. */
function toTrpcError(cause: unknown): TRPCError | null {
  const appError = isAppError(cause) ? cause : cause instanceof ZodError ? AppError.fromZod(cause) : null;
  return appError ? new TRPCError({ code: ERROR_CODES[appError.code].trpc, message: appError.message, cause: appError }) : null;
}

// Wraps input parsing too, so a zod input error becomes the same VALIDATION_FAILED (422) as in REST.
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const mapped = toTrpcError(result.error.cause);
  if (mapped) throw mapped;
  return result;
});

/** A streamed result: an error thrown mid-stream reaches the client with the same code as a plain call's. */
export async function* streamed<T>(events: AsyncGenerator<T>): AsyncGenerator<T> {
  try {
    yield* events;
  } catch (error) {
    throw toTrpcError(error) ?? error;
  }
}

// 3. Procedures.
export const publicProcedure = t.procedure.use(appErrors);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.principal) {
    const cause = ctx.authError ?? new AppError("UNAUTHENTICATED", "Sign in or send an access key");
    throw new TRPCError({ code: "UNAUTHORIZED", message: cause.message, cause });
  }
  return next({ ctx: { ...ctx, principal: ctx.principal } });
});
