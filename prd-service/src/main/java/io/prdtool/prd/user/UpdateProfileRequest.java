package io.prdtool.prd.user;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Absent fields stay unchanged; an empty avatarUrl removes the avatar. Email and permissions are not editable here. */
@Schema(name = "UpdateProfile", example = """
        {"name": "Ada Lovelace", "avatarUrl": "https://images.example.com/ada.png"}""")
public record UpdateProfileRequest(
        @Size(min = 1, max = 255) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
        @Size(max = 2048) String avatarUrl) {
}
