"""The interview and the plan: the question bank, answers, the verdict, the prompts."""
