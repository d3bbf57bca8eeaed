// The signatures MIPROv2's grounded proposer runs on the prompt model, with DSPy's instructions and field
// descriptions (dspy/propose/grounded_proposer.py, dataset_summary_generator.py) and its tips.
import { Signature } from "@preflight/core-signatures"
import { z } from "zod"

/** DSPy's proposal tips; one is drawn per proposal when the proposer is tip-aware. */
export const PROPOSAL_TIPS: Readonly<Record<string, string>> = {
  none: "",
  creative: "Don't be afraid to be creative when creating the new instruction!",
  simple: "Keep the instruction clear and concise.",
  description: "Make sure your instruction is very informative and descriptive.",
  high_stakes: "The instruction should include a high stakes scenario in which the LM must solve the task!",
  persona: 'Include a persona that is relevant to the task in the instruction (ie. "You are a ...")'
}

const text = (description: string) => ({ type: z.string(), description })

export const DatasetDescriptor = Signature.make({
  instructions:
    "Given several examples from a dataset please write observations about trends that hold for most or all of the samples. Some areas you may consider in your observations: topics, content, syntax, conciceness, etc. It will be useful to make an educated guess as to the nature of the task this dataset will enable. Don't be afraid to be creative",
  inputs: { examples: text("Sample data points from the dataset") },
  outputs: { observations: text("Somethings that holds true for most or all of the data you observed") }
})

export const DatasetDescriptorWithPriorObservations = Signature.make({
  instructions:
    "Given several examples from a dataset please write observations about trends that hold for most or all of the samples. I will also provide you with a few observations I have already made.  Please add your own observations or if you feel the observations are comprehensive say 'COMPLETE' Some areas you may consider in your observations: topics, content, syntax, conciceness, etc. It will be useful to make an educated guess as to the nature of the task this dataset will enable. Don't be afraid to be creative",
  inputs: {
    examples: text("Sample data points from the dataset"),
    prior_observations: text("Some prior observations I made about the data")
  },
  outputs: {
    observations: text(
      "Somethings that holds true for most or all of the data you observed or COMPLETE if you have nothing to add"
    )
  }
})

export const ObservationSummarizer = Signature.make({
  instructions:
    "Given a series of observations I have made about my dataset, please summarize them into a brief 2-3 sentence summary which highlights only the most important details.",
  inputs: { observations: text("Observations I have made about my dataset") },
  outputs: {
    summary: text("Two to Three sentence summary of only the most significant highlights of my observations")
  }
})

export const DescribeProgram = Signature.make({
  instructions:
    "Below is some pseudo-code for a pipeline that solves tasks with calls to language models. Please describe what type of task this program appears to be designed to solve, and how it appears to work.",
  inputs: {
    program_code: text("Pseudocode for a language model program designed to solve a particular task."),
    program_example: text("An example of the program in use.")
  },
  outputs: {
    program_description: text(
      "Describe what task the program is designed to solve, and how it goes about solving this task."
    )
  }
})

export const DescribeModule = Signature.make({
  instructions:
    "Below is some pseudo-code for a pipeline that solves tasks with calls to language models. Please describe the purpose of one of the specified module in this pipeline.",
  inputs: {
    program_code: text("Pseudocode for a language model program designed to solve a particular task."),
    program_example: text("An example of the program in use."),
    program_description: text(
      "Summary of the task the program is designed to solve, and how it goes about solving it."
    ),
    module: text("The module in the program that we want to describe.")
  },
  outputs: { module_description: text("Description of the module's role in the broader program.") }
})

export const GenerateSingleModuleInstruction = Signature.make({
  instructions:
    "Use the information below to learn about a task that we are trying to solve using calls to an LM, then generate a new instruction that will be used to prompt a Language Model to better solve the task.",
  inputs: {
    dataset_description: text("A description of the dataset that we are using."),
    program_code: text("Language model program designed to solve a particular task."),
    program_description: text(
      "Summary of the task the program is designed to solve, and how it goes about solving it."
    ),
    module: text("The module to create an instruction for."),
    module_description: text("Description of the module to create an instruction for."),
    task_demos: text("Example inputs/outputs of our module."),
    basic_instruction: text("Basic instruction."),
    tip: text("A suggestion for how to go about generating the new instruction.")
  },
  outputs: {
    proposed_instruction: text(
      "Propose an instruction that will be used to prompt a Language Model to perform this task."
    )
  }
})
