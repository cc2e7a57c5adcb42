// Placeholder until the lunr compatibility test lands; replace wholesale.
console.log("0 passed, 0 failed");
