export type { Dashboard, DashboardOptions } from './dashboard-app.js';
export { createDashboard } from './dashboard-app.js';
