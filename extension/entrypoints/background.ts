export default defineBackground(() => {
  // Interception, caching and escalation to the companion are wired here by the extension issue.
});
