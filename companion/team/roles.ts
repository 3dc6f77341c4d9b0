/** A team member's role, from least to most trusted. */
export const ROLES = ['viewer', 'member', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What each role may do, as a refusal says it. */
export const ROLE_POWERS: Record<Role, string> = {
  viewer: 'sees the dashboard',
  member: 'calls the API and sees the dashboard',
  admin: 'also manages members, provider keys and budgets',
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}
