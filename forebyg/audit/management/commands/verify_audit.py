"""python manage.py verify_audit [--checkpoint FILE] [--against FILE] [--benchmark]

Checks the whole audit hash chain and prints how many events it verified; exits with status 1
naming the first broken link. --checkpoint writes a signed checkpoint of the verified chain for
storage off the server; --against checks that the chain still agrees with an earlier one."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from forebyg.audit.checkpoint import BadCheckpoint, make_checkpoint, read_checkpoint
from forebyg.audit.checkpoint import write_checkpoint as save_checkpoint
from forebyg.audit.verify import BATCH_SIZE, BrokenChain, Verified, measure, verify_chain


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; optionally write or check a signed checkpoint."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--checkpoint", type=Path, help="write a signed checkpoint here")
        parser.add_argument("--against", type=Path, help="check agreement with this checkpoint")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        parser.add_argument(
            "--benchmark", action="store_true", help="compare the speed with plain SHA-256"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        against = None
        if options["against"]:
            try:
                against = read_checkpoint(options["against"])
            except BadCheckpoint as error:
                raise CommandError(f"Checkpoint refused: {error}") from error
        try:
            result = verify_chain(
                against=against,
                batch_size=max(1, options["batch_size"]),
                keep_bytes=options["benchmark"],
            )
        except BrokenChain as error:
            raise CommandError(f"Audit chain BROKEN: {error}") from error
        self.stdout.write(
            f"Audit chain OK: {result.count} events verified, head #{result.last_sequence} "
            f"{result.last_hash}."
        )
        if against is not None:
            self.stdout.write(
                f"Agrees with the checkpoint of {against.created_at} (#{against.sequence})."
            )
        if options["checkpoint"]:
            self._write_checkpoint(options["checkpoint"], result)
        if options["benchmark"]:
            self._benchmark(result)

    def _write_checkpoint(self, path: Path, result: Verified) -> None:
        data = make_checkpoint(
            sequence=result.last_sequence, hash=result.last_hash, count=result.count
        )
        try:
            save_checkpoint(path, data)
        except OSError as error:
            raise CommandError(f"Cannot write the checkpoint: {error}") from error
        self.stdout.write(f"Checkpoint written to {path}: keep a copy off this server.")

    def _benchmark(self, result: Verified) -> None:
        """Plain SHA-256 over exactly the bytes the verification hashed, one digest per event."""
        numbers = measure(result)
        if not numbers["events"] or numbers["seconds"] <= 0:
            self.stdout.write("Benchmark: no events to measure.")
            return
        self.stdout.write(
            f"Benchmark: verify {numbers['events'] / numbers['seconds']:,.0f} events/s "
            f"({numbers['events']} events in {numbers['seconds']:.3f} s, database reads "
            f"included); plain SHA-256 over the same canonical bytes "
            f"({numbers['sampled_events']} events, {numbers['bytes']:,} bytes) "
            f"{numbers['events'] / max(numbers['sha256_seconds'], 1e-9):,.0f} events/s; "
            f"ratio {numbers['ratio']:.3f}."
        )
