import { asc, eq } from "drizzle-orm";
import { Hono } from "hono";
import * as v from "valibot";
import { userRoles } from "../../../db/schema.js";
import { requireUser } from "../../auth/session.js";
import { User } from "../../contracts/auth.js";
import { QueryCount } from "../../contracts/common.js";
import type { AppEnv } from "../../env.js";
import { parseWith } from "../../http/validate.js";
import { requestDb, schema as s } from "../../repo/db.js";
import { toUser } from "../../repo/users.js";
import { doc } from "../../http/openapi.js";

export const adminUsersRoutes = new Hono<AppEnv>();
adminUsersRoutes.use(requireUser("admin"));

const Query = v.object({
  role: v.optional(v.picklist(userRoles, "role must be customer, staff or admin")),
  limit: v.optional(v.pipe(QueryCount("limit", 200), v.minValue(1, "limit must be at least 1")), "50"),
  offset: v.optional(QueryCount("offset", 1_000_000), "0"),
});

const UserList = v.object({ users: v.array(User), limit: v.number(), offset: v.number() });

adminUsersRoutes.get("/", doc({ tag: "Admin", summary: "Users, by role, paged", access: "admin", query: Query, responses: { 200: ["A page of users", UserList] } }), async (c) => {
  const q = parseWith(Query, c.req.query(), "query");
  const rows = await requestDb(c)
    .select()
    .from(s.users)
    .where(q.role ? eq(s.users.role, q.role) : undefined)
    .orderBy(asc(s.users.id))
    .limit(q.limit)
    .offset(q.offset);
  return c.json({ users: rows.map(toUser), limit: q.limit, offset: q.offset });
});
