import { createTaskInput, listTasksInput, taskIdInput, updateTaskInput } from "~/server/tasks/schemas";
import { createTask, deleteTask, getTask, listTasks, taskTags, updateTask } from "~/server/tasks/tasks";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const tasksRouter = createTRPCRouter({
  list: protectedProcedure.input(listTasksInput).query(({ ctx, input }) => listTasks(ctx, ctx.userId, input)),
  get: protectedProcedure.input(taskIdInput).query(({ ctx, input }) => getTask(ctx, ctx.userId, input)),
  create: protectedProcedure.input(createTaskInput).mutation(({ ctx, input }) => createTask(ctx, ctx.userId, input)),
  update: protectedProcedure.input(updateTaskInput).mutation(({ ctx, input }) => updateTask(ctx, ctx.userId, input)),
  delete: protectedProcedure.input(taskIdInput).mutation(({ ctx, input }) => deleteTask(ctx, ctx.userId, input)),
  tags: protectedProcedure.query(({ ctx }) => taskTags(ctx, ctx.userId)),
});
